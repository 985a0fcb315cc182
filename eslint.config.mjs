// eslint-plugin-n8n-nodes-base ships eslintrc-style configs; they are mapped onto flat config here:
// `community` for package.json, `credentials` for credentials/, `nodes` for nodes/.
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const plugins = { 'n8n-nodes-base': n8nNodesBase };
const languageOptions = { parser: tsParser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } };

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'worker/node_modules/**'] },
	{
		files: ['package.json'],
		plugins,
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['credentials/**/*.ts'],
		plugins,
		languageOptions,
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Wants a camelCase slug of n8n's own docs site; the rule documents itself as "only applicable
			// to nodes in the main repository" (n8n's community lint config turns it off as well). A
			// community credential links to its vendor's page, which `documentation-url-missing` requires.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins,
		languageOptions,
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Every node has two outputs on purpose (Result and the Config passthrough); this rule
			// only accepts a single main output.
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{ files: ['src/**/*.ts'], languageOptions },
];
