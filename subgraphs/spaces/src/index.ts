import { createLogger, onShutdownSignal } from '@edugraph/shared';
import { readSpacesConfig } from './config.ts';
import { startSpacesService } from './server.ts';

const config = readSpacesConfig();
const logger = createLogger({ service: 'spaces', level: config.LOG_LEVEL });
const service = await startSpacesService(config, { logger });
onShutdownSignal(logger, service.stop);
