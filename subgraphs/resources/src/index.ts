import { createLogger, onShutdownSignal } from '@edugraph/shared';
import { readResourcesConfig } from './config.ts';
import { startResourcesService } from './server.ts';

const config = readResourcesConfig();
const logger = createLogger({ service: 'resources', level: config.LOG_LEVEL });
const service = await startResourcesService(config, { logger });
onShutdownSignal(logger, service.stop);
