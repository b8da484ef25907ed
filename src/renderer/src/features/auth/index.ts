/** For every feature's owner actions: wrap the call in `run`, render `dialog`. */
export { useOwnerAction, isForbidden, type OwnerAction } from './useOwnerAction';
export { OwnerPinDialog } from './OwnerPinDialog';
export { OwnerModeIndicator } from './OwnerModeIndicator';
export { downloadFile } from './download';
