import './environment.cjs';

import {
	ExecuteContext,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PackageDirectoryLoader,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
// Not exported from the package root; its interval timer keeps a process alive.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import type {
	ExecutionError,
	IConnections,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IPinData,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	INodeCredentialTestResult,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';
import { LoggerProxy, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

import { audit } from './audit.cjs';
import { MemoryCredentialsHelper } from './credentialsStore.cjs';
import { RecordingLogger } from './recordingLogger.cjs';
import type { StoredCredential } from './credentialsStore.cjs';

/** The package root: its package.json lists the built node and credential under `n8n`. */
export const PACKAGE_DIR = resolve(__dirname, '../..');

/** A workflow in the JSON form that n8n exports and imports. */
export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	pinData?: IPinData;
	settings?: IWorkflowSettings;
}

/** The outcome of one execution, with accessors for what the tests look at. */
export class WorkflowRun {
	constructor(readonly run: IRun) {}

	/** The error that stopped the execution, if a node failed without "continue" settings. */
	get error(): ExecutionError | undefined {
		return this.run.data.resultData.error;
	}

	/** Items that a node sent to one of its outputs; output 1 is the error output. */
	output(nodeName: string, outputIndex = 0): INodeExecutionData[] {
		const task = this.run.data.resultData.runData[nodeName]?.[0];
		return task?.data?.[NodeConnectionTypes.Main]?.[outputIndex] ?? [];
	}

	/** The JSON of each item a node sent to an output. */
	json(nodeName: string, outputIndex = 0): IDataObject[] {
		return this.output(nodeName, outputIndex).map((item) => item.json);
	}
}

/**
 * Minimal copy of n8n's Manual Trigger node, so that workflows exported from n8n run here
 * unchanged. It starts the workflow with one empty item, or with the node's pinned data.
 */
class ManualTrigger implements INodeType {
	description = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Runs the flow on clicking a button in n8n',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(): Promise<INodeExecutionData[][]> {
		return [[{ json: {} }]];
	}
}

/** Runs workflows in-process with n8n-core's WorkflowExecute and the built package's node. */
export class N8nEngine {
	/** Every line that n8n and the node logged in this process, e.g. through `this.logger`. */
	static readonly logger = new RecordingLogger();

	readonly credentials: MemoryCredentialsHelper;

	private executionCount = 0;

	private constructor(
		private readonly nodeTypes: INodeTypes,
		private readonly credentialTypes: Map<string, ICredentialType>,
		/** Node type name under which n8n registers this package's node, e.g. `n8n-nodes-3cx-xapi.threeCx`. */
		readonly nodeTypeName: string,
	) {
		this.credentials = new MemoryCredentialsHelper(credentialTypes);
	}

	/**
	 * Loads the package with n8n's PackageDirectoryLoader, as n8n loads a community package from
	 * `<user folder>/.n8n/nodes/node_modules/<name>`. Run `npm run build` first.
	 *
	 * With `routingNodeOnly`, the package's nodes lose their custom operations and get the
	 * `execute` that the n8n CLI gives declarative nodes, which runs RoutingNode. That is how n8n
	 * runs a node called as an AI agent's tool.
	 *
	 * With `aiTools`, each node that is `usableAsTool` is also registered as `<name>Tool`, the
	 * tool variant that the n8n CLI derives from it, and `extraNodeTypes` are added, e.g. a node
	 * that calls tools in place of an AI agent.
	 */
	static async create(
		packageDir = PACKAGE_DIR,
		options: {
			routingNodeOnly?: boolean;
			aiTools?: boolean;
			extraNodeTypes?: Record<string, INodeType>;
		} = {},
	): Promise<N8nEngine> {
		installLogger(N8nEngine.logger);
		const loader = new PackageDirectoryLoader(packageDir);
		await loader.loadAll();

		const registry = new Map<string, INodeType | IVersionedNodeType>();
		for (const [name, { type }] of Object.entries(loader.nodeTypes)) {
			registry.set(
				`${loader.packageName}.${name}`,
				options.routingNodeOnly ? asRoutingNodeOnly(type as INodeType) : type,
			);
		}
		registry.set('n8n-nodes-base.manualTrigger', new ManualTrigger());
		if (options.aiTools) {
			for (const [name, { type }] of Object.entries(loader.nodeTypes)) {
				const nodeType = type as INodeType;
				if (nodeType.description.usableAsTool) {
					registry.set(`${loader.packageName}.${name}Tool`, asAiTool(nodeType));
				}
			}
		}
		for (const [name, type] of Object.entries(options.extraNodeTypes ?? {})) {
			registry.set(name, type);
		}

		const credentialTypes = new Map<string, ICredentialType>();
		for (const [name, { type }] of Object.entries(loader.credentialTypes)) {
			credentialTypes.set(name, type);
		}

		const nodeTypes: INodeTypes = {
			getByName: (type) => lookUp(registry, type),
			getByNameAndVersion: (type, version) =>
				NodeHelpers.getVersionedNodeType(lookUp(registry, type), version),
			getKnownTypes: () => Object.fromEntries([...registry.keys()].map((name) => [name, {}])),
		};

		const nodeName = Object.keys(loader.nodeTypes)[0];
		return new N8nEngine(nodeTypes, credentialTypes, `${loader.packageName}.${nodeName}`);
	}

	addCredential(credential: StoredCredential): void {
		this.credentials.add(credential);
	}

	/**
	 * Runs a list search of the node, as the editor asks for the From List mode of a resource
	 * locator: n8n calls `methods.listSearch[method]` with a LoadOptionsContext of the node.
	 */
	async listSearch(
		node: INode,
		method: string,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const { context, nodeType } = this.loadOptionsContext(node);
		const search = nodeType.methods?.listSearch?.[method];
		if (search === undefined) throw new Error(`${node.type} has no list search ${method}`);
		return await search.call(context, filter, paginationToken);
	}

	/**
	 * Runs a load options method of the node, as the editor asks for the choices of an options
	 * field: n8n calls `methods.loadOptions[method]` with a LoadOptionsContext of the node.
	 */
	async loadOptions(node: INode, method: string): Promise<INodePropertyOptions[]> {
		const { context, nodeType } = this.loadOptionsContext(node);
		const load = nodeType.methods?.loadOptions?.[method];
		if (load === undefined) throw new Error(`${node.type} has no load options method ${method}`);
		return await load.call(context);
	}

	private loadOptionsContext(node: INode) {
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: this.nodeTypes,
		});
		const additionalData = this.additionalData(String(++this.executionCount), {
			id: 'load-options',
			name: 'Load options',
			nodes: [node],
			connections: {},
		} as unknown as IWorkflowBase);
		return {
			context: new LoadOptionsContext(workflow, node, additionalData, 'parameters'),
			nodeType: this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion),
		};
	}

	/** Executes the workflow from its trigger, as a manual execution in the editor does. */
	async run(workflowJson: WorkflowJson): Promise<WorkflowRun> {
		const executionId = String(++this.executionCount);
		const workflow = new Workflow({
			id: 'workflow',
			name: workflowJson.name ?? 'Workflow',
			nodes: workflowJson.nodes,
			connections: workflowJson.connections,
			active: false,
			nodeTypes: this.nodeTypes,
			staticData: {},
			settings: { executionOrder: 'v1', ...workflowJson.settings },
		});

		const workflowData = {
			id: 'workflow',
			name: workflow.name ?? 'Workflow',
			active: false,
			isArchived: false,
			nodes: workflowJson.nodes,
			connections: workflowJson.connections,
			createdAt: new Date(),
			updatedAt: new Date(),
		} as unknown as IWorkflowBase;

		const additionalData = this.additionalData(executionId, workflowData);
		const trigger = workflow.getStartNode();
		if (trigger === undefined) throw new Error('The workflow has no trigger node to start from');

		const execution = new WorkflowExecute(additionalData, 'manual');
		const run = await execution.run({
			workflow,
			startNode: trigger,
			pinData: workflowJson.pinData,
		});
		auditRun(run);
		return new WorkflowRun(run);
	}

	/**
	 * Tests a credential the way the n8n editor's "Test" button does: n8n runs the credential's
	 * `test` request through RoutingNode on a temporary copy of the node that uses the credential,
	 * and reports a failure as the HTTP status text, the network code or the error message.
	 */
	async testCredential(credential: StoredCredential): Promise<INodeCredentialTestResult> {
		const result = await this.runCredentialTest(credential);
		audit('credentialTest', JSON.stringify(result));
		return result;
	}

	private async runCredentialTest(
		credential: StoredCredential,
	): Promise<INodeCredentialTestResult> {
		const testRequest = this.credentialTypes.get(credential.type)?.test as
			| ICredentialTestRequest
			| undefined;
		if (testRequest === undefined) throw new Error(`${credential.type} defines no test request`);

		const nodeType = this.nodeTypes.getByNameAndVersion(this.nodeTypeName);
		const node: INode = {
			id: 'temp',
			name: 'Temp-Node',
			type: this.nodeTypeName,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			credentials: { [credential.type]: { id: credential.id, name: credential.name } },
		};
		const testNodeType: INodeType = {
			description: {
				...nodeType.description,
				credentials: [{ name: credential.type, required: true }],
				properties: [
					{
						displayName: 'Temp',
						name: 'temp',
						type: 'string',
						routing: { request: testRequest.request },
						default: '',
					},
				],
			},
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: {
				getByName: () => testNodeType,
				getByNameAndVersion: () => testNodeType,
				getKnownTypes: () => ({}),
			},
		});

		const executionId = String(++this.executionCount);
		const additionalData = this.additionalData(executionId, {
			id: 'credential-test',
			name: 'Credential test',
			nodes: [node],
			connections: {},
		} as unknown as IWorkflowBase);
		const context = new ExecuteContext(
			workflow,
			node,
			additionalData,
			'internal',
			{ resultData: { runData: {} } } as never,
			0,
			[],
			{ main: [[{ json: {} }]] },
			{ node, data: {}, source: null },
			[],
		);
		const data: IDataObject = {};
		for (const property of this.credentials.getCredentialsProperties(credential.type)) {
			data[property.name] = property.default as string;
		}
		const routingNode = new RoutingNode(context, testNodeType, {
			id: credential.id,
			name: credential.name,
			type: credential.type,
			data: { ...data, ...credential.data } as ICredentialDataDecryptedObject,
		});

		try {
			await routingNode.runNode();
		} catch (error) {
			const cause = (
				error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }
			).cause;
			if (cause?.response) {
				return {
					status: 'Error',
					message:
						cause.response.statusText || `Received HTTP status code: ${cause.response.status}`,
				};
			}
			if (cause?.code) return { status: 'Error', message: cause.code };
			return { status: 'Error', message: (error as Error).message };
		}
		return { status: 'OK', message: 'Connection successful!' };
	}

	private additionalData(executionId: string, workflowData: IWorkflowBase) {
		const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
		return {
			credentialsHelper: this.credentials,
			hooks,
			executionId,
			currentNodeExecutionIndex: 0,
			restApiUrl: 'http://127.0.0.1:5678/rest',
			instanceBaseUrl: 'http://127.0.0.1:5678/',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			variables: {},
			executeWorkflow: async () => {
				throw new Error('Sub-workflows are not supported by this test engine');
			},
			getRunExecutionData: async () => undefined,
			logAiEvent: () => undefined,
			startRunnerTask: async () => {
				throw new Error('Task runners are not supported by this test engine');
			},
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	/** Stops n8n-core's background timer so that the process can exit. */
	static shutdown(): void {
		// n8n-core registers its services in the container of its own copy of @n8n/di.
		const requireFromCore = createRequire(require.resolve('n8n-core'));
		const { Container } = requireFromCore('@n8n/di') as typeof import('@n8n/di');
		if (Container.has(SSHClientsManager)) {
			const manager = Container.get(SSHClientsManager) as unknown as {
				cleanupTimer?: NodeJS.Timeout;
			};
			if (manager.cleanupTimer) clearInterval(manager.cleanupTimer);
		}
	}
}

/** Makes n8n-core and n8n-workflow log to `logger` instead of the console. */
function installLogger(logger: RecordingLogger): void {
	// n8n-core takes its logger from the container of its own copy of @n8n/di.
	const requireFromCore = createRequire(require.resolve('n8n-core'));
	const { Container } = requireFromCore('@n8n/di') as typeof import('@n8n/di');
	const { Logger } = requireFromCore('@n8n/backend-common') as { Logger: new () => unknown };
	Container.set(Logger, logger);
	LoggerProxy.init(logger);
}

/** Hands every output item and error of an execution to the audit of shown text. */
function auditRun(run: IRun): void {
	const { runData, error } = run.data.resultData;
	for (const tasks of Object.values(runData)) {
		for (const task of tasks) {
			for (const output of task.data?.[NodeConnectionTypes.Main] ?? []) {
				for (const item of output ?? []) audit('output', JSON.stringify(item));
			}
			if (task.error) auditError(task.error);
		}
	}
	if (error) auditError(error);
}

function auditError(error: ExecutionError): void {
	let serialized: string;
	try {
		serialized = JSON.stringify(error);
	} catch {
		serialized = String(error.stack);
	}
	audit('error', [error.message, error.description ?? '', serialized].join('\n'));
}

/** The node as n8n runs it for a tool call: no custom operations, RoutingNode as `execute`. */
function asRoutingNodeOnly(nodeType: INodeType): INodeType {
	const routed: INodeType = {
		description: nodeType.description,
		async execute(this: IExecuteFunctions) {
			const routingNode = new RoutingNode(this as unknown as ExecuteContext, routed);
			return (await routingNode.runNode()) ?? [];
		},
	};
	return routed;
}

/**
 * The tool variant of a node, as the n8n CLI derives it for an AI agent: no main inputs, one
 * `ai_tool` output, a Tool Description parameter, and RoutingNode as `execute`.
 * NOTE: this rebuilds the CLI's conversion, which n8n-core does not export; the end-to-end test
 * loads the real n8n but does not call the tool.
 */
function asAiTool(nodeType: INodeType): INodeType {
	const description = nodeType.description;
	const routed = asRoutingNodeOnly(nodeType);
	routed.description = {
		...description,
		name: `${description.name}Tool`,
		displayName: `${description.displayName} Tool`,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
		usableAsTool: undefined,
		properties: [
			{
				displayName: 'Tool Description',
				name: 'descriptionType',
				type: 'options',
				options: [
					{ name: 'Set Automatically', value: 'auto' },
					{ name: 'Set Manually', value: 'manual' },
				],
				default: 'auto',
			},
			...description.properties,
		],
	};
	return routed;
}

function lookUp(
	registry: Map<string, INodeType | IVersionedNodeType>,
	type: string,
): INodeType | IVersionedNodeType {
	const nodeType = registry.get(type);
	if (nodeType === undefined) throw new Error(`Unknown node type ${type}`);
	return nodeType;
}
