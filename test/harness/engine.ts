// The engine harness lives with the local stack, which runs the example workflows with it too.
export * from '../../scripts/local-stack/n8n-engine';
