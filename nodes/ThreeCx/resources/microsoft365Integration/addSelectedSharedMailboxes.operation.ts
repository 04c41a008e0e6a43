// Hand-written operation: it changes one selection list and leaves the rest of the integration as it is.
import type { HandWrittenOperation } from '../../shared/operation';
import { SHARED_MAILBOXES, selectionOperation } from './selection';

export const operation: HandWrittenOperation = selectionOperation({
	operationId: 'AddMicrosoft365SelectedSharedMailboxes',
	value: 'addSelectedSharedMailboxes',
	change: 'add',
	list: SHARED_MAILBOXES,
});
