import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Caller } from '../auth/caller.ts';
import { errors } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { OPERATION_NAME_HEADER, operationNameFrom } from '../requestContext.ts';
import type { AccessLog } from './accessLog.ts';
import type { AccessRecorder } from './accessRecorder.ts';

type Ctx = BaseContext & { caller?: Caller | null; personalDataAccess?: AccessRecorder };

/**
 * Writes one access-log entry for every answer that returned unmasked personal data, before the
 * answer leaves. When the entry cannot be written the answer is withheld (SERVICE_UNAVAILABLE):
 * personal data never goes out unrecorded.
 */
export function accessLogPlugin(log: AccessLog, logger: Logger): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operationName, operation, request, response }) {
          const recorder = contextValue.personalDataAccess;
          const caller = contextValue.caller;
          if (!recorder || recorder.empty || !caller) return;
          try {
            await log.append(
              caller,
              {
                name: operationNameFrom(operationName, request.http?.headers.get(OPERATION_NAME_HEADER)),
                type: operation?.operation ?? null,
              },
              recorder.snapshot(),
            );
          } catch (err) {
            logger.error({ err }, 'personal-data access log write failed; answer withheld');
            if (response.body.kind === 'single') {
              const refused = errors.unavailable('The personal-data access log');
              response.body.singleResult = {
                errors: [{ message: refused.message, extensions: refused.extensions }],
              };
            }
          }
        },
      };
    },
  };
}
