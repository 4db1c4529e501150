import { createLogger, onShutdownSignal } from '@edugraph/shared';
import { readDatacenterConfig } from './config.ts';
import { startDatacenterService } from './server.ts';

const config = readDatacenterConfig();
const logger = createLogger({ service: 'datacenter', level: config.LOG_LEVEL });
const service = await startDatacenterService(config, { logger });
onShutdownSignal(logger, service.stop);
