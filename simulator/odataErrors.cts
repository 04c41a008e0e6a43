/** One entry of `error.details`; 3CX puts the warning code in `message`. */
export interface ODataErrorDetail {
	code: string;
	message: string;
	target: string;
}

/** The body XAPI sends with a 4xx or 5xx status. */
export interface ODataErrorBody {
	error: {
		code: string;
		message: string;
		details: ODataErrorDetail[];
	};
}

/**
 * Builds the error body 3CX sends for a business rule, e.g. `WARNINGS.XAPI.ALREADY_IN_USE` on
 * `Number`: the top-level message is `Target:\nCODE` and the detail repeats both.
 */
export function warningBody(code: string, target: string): ODataErrorBody {
	return {
		error: {
			code: '',
			message: `${target}:\n${code}`,
			details: [{ code: '', message: code, target }],
		},
	};
}

/** Builds the error body for a request the OData layer rejects, e.g. a wrongly typed property. */
export function invalidRequestBody(message: string, target: string): ODataErrorBody {
	return {
		error: {
			code: '',
			message: 'The request is invalid.',
			details: [{ code: '', message, target }],
		},
	};
}
