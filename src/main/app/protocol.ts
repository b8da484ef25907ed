import { protocol } from 'electron';
import { handleAppRequest } from './app-response';
import { APP_SCHEME_PRIVILEGES } from './security/app-protocol';
import { APP_SCHEME } from './security/origin';

/** Must run before `app.whenReady()`: privileges can only be granted at startup. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

export function serveAppScheme(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => handleAppRequest(request, rendererRoot));
}
