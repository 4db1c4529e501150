import { createLogger, onShutdownSignal } from '@edugraph/shared';
import { readIdentityConfig } from './config.ts';
import { startIdentityService } from './server.ts';

const config = readIdentityConfig();
const logger = createLogger({ service: 'identity', level: config.LOG_LEVEL });
const service = await startIdentityService(config, { logger });
onShutdownSignal(logger, service.stop);
