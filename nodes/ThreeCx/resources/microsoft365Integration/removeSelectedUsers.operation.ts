// Hand-written operation: it changes one selection list and leaves the rest of the integration as it is.
import type { HandWrittenOperation } from '../../shared/operation';
import { USERS, selectionOperation } from './selection';

export const operation: HandWrittenOperation = selectionOperation({
	operationId: 'RemoveMicrosoft365SelectedUsers',
	value: 'removeSelectedUsers',
	change: 'remove',
	list: USERS,
});
