import type { HandlerTable } from '../../core/handlers';
import type { authCommands } from '../../../shared/contract/auth';
import {
  authStatus,
  changeOwnerSecret,
  lockOwnerMode,
  recordActivity,
  setupOwnerSecret,
  unlockOwnerMode,
} from './auth.service';

export const authHandlers: HandlerTable<keyof typeof authCommands> = {
  'auth.status': (_args, ctx) => authStatus(ctx),
  'auth.setupPin': async ({ secret }, ctx) => {
    await setupOwnerSecret(ctx, secret);
    return authStatus(ctx);
  },
  'auth.changePin': async ({ current, next }, ctx) => {
    await changeOwnerSecret(ctx, current, next);
    return authStatus(ctx);
  },
  'auth.unlock': ({ secret }, ctx) => unlockOwnerMode(ctx, secret),
  'auth.lock': (_args, ctx) => {
    lockOwnerMode(ctx);
    return authStatus(ctx);
  },
  'auth.activity': (_args, ctx) => {
    recordActivity(ctx);
    return authStatus(ctx);
  },
};
