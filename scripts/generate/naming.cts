// Turns OData names (PascalCase, camelCase, acronyms) into n8n display names and values.
import { titleCase } from 'title-case';

// Words that 3CX writes in mixed case but users know as acronyms or brand names.
const SPELLINGS: Record<string, string> = {
	ai: 'AI',
	api: 'API',
	cdr: 'CDR',
	cdrs: 'CDRs',
	crm: 'CRM',
	csv: 'CSV',
	debian: 'Debian',
	did: 'DID',
	dn: 'DN',
	dns: 'DNS',
	e164: 'E.164',
	fqdn: 'FQDN',
	fxs: 'FXS',
	http: 'HTTP',
	https: 'HTTPS',
	iam: 'IAM',
	id: 'ID',
	ids: 'IDs',
	ip: 'IP',
	ips: 'IPs',
	ivr: 'IVR',
	ldap: 'LDAP',
	m365: 'M365',
	microsoft: 'Microsoft',
	mac: 'MAC',
	mcp: 'MCP',
	mcu: 'MCU',
	mos: 'MOS',
	oauth: 'OAuth',
	openai: 'OpenAI',
	pbx: 'PBX',
	pin: 'PIN',
	rtt: 'RTT',
	sbc: 'SBC',
	sbcs: 'SBCs',
	sftp: 'SFTP',
	sip: 'SIP',
	sla: 'SLA',
	sms: 'SMS',
	smtp: 'SMTP',
	sso: 'SSO',
	stun: 'STUN',
	tls: 'TLS',
	teams: 'Teams',
	ui: 'UI',
	uri: 'URI',
	url: 'URL',
	urls: 'URLs',
	vm: 'VM',
	whatsapp: 'WhatsApp',
	xapi: 'XAPI',
};

// Names whose PascalCase splits wrongly, or abbreviations 3CX uses in type names, by their words.
const PHRASES: Array<[RegExp, string]> = [
	[/OAuth/g, ' Oauth '],
	[/AnUn/g, ' Answered Unanswered '],
	[/Addr(?=[A-Z]|$)/g, 'Address'],
];

/** Splits `Microsoft365Integration`, `AISettings` or `call_id` into words. */
export function splitWords(name: string): string[] {
	let text = name.replace(/^Pbx\./, '');
	for (const [pattern, words] of PHRASES) text = text.replace(pattern, words);
	return text
		.replace(/[_\-.]+/g, ' ')
		.replace(/([a-z])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.replace(/([a-z])([0-9])/g, '$1 $2')
		.replace(/([0-9])([A-Z][a-z])/g, '$1 $2')
		.split(/\s+/)
		.filter((word) => word !== '');
}

function spell(word: string): string | undefined {
	return SPELLINGS[word.toLowerCase()];
}

/**
 * Title Case display name: `Microsoft 365 Integration`, `AI Settings`, `Get by Number`. The
 * `title-case` package decides which words stay lower case, as n8n's lint rules do.
 */
export function displayName(name: string): string {
	const words = splitWords(name).map((word) => spell(word) ?? lowerUnlessAcronym(word));
	return titleCase(words.join(' '));
}

function lowerUnlessAcronym(word: string): string {
	return /^[A-Z0-9]+$/.test(word) && word.length > 1 ? word : word.toLowerCase();
}

/** Sentence-case words: `call log data`, `SIP devices`. */
export function lowerWords(name: string): string {
	return splitWords(name)
		.map((word) => spell(word) ?? lowerUnlessAcronym(word))
		.join(' ');
}

/** Capitalises the first letter of a sentence. */
export function sentence(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** camelCase value: `microsoft365Integration`, `aiSettings`, `callId`. */
export function camelCase(name: string): string {
	const words = splitWords(name);
	return words
		.map((word, index) => {
			const lower = word.toLowerCase();
			return index === 0 ? lower : lower.charAt(0).toUpperCase() + lower.slice(1);
		})
		.join('');
}

/** Article for a noun phrase: `a user`, `an extension`. */
export function withArticle(noun: string): string {
	return `${/^[aeiou]/i.test(noun) && !/^(user|uni|eu)/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** Plural of an English noun phrase: `user` → `users`, `fax` → `faxes`, `entry` → `entries`. */
export function plural(noun: string): string {
	if (/[^aeiou]y$/.test(noun)) return noun.replace(/y$/, 'ies');
	if (/(s|x|ch|sh)$/.test(noun)) return `${noun}es`;
	return `${noun}s`;
}

/** Singular of an English plural as 3CX uses them: `users`, `ring groups`, `SBCs`, `fax`. */
export function singular(noun: string): string {
	if (/ies$/.test(noun)) return noun.replace(/ies$/, 'y');
	if (/(ss|x|ch|sh)es$/.test(noun)) return noun.replace(/es$/, '');
	if (/[^s]s$/.test(noun)) return noun.slice(0, -1);
	return noun;
}
