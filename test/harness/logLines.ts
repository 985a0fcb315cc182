/**
 * R4 over log lines: n8n's own logger at debug level for one test file, everything it (or anything
 * else) writes to stdout, stderr or the console kept instead of printed, so a test can assert that no secret
 * reached a log line. n8n creates its logger on first use and reads `N8N_LOG_LEVEL` then, so the
 * level is set when the file loads, before any workflow runs.
 */
export function captureLogLines() {
	process.env.N8N_LOG_LEVEL = 'debug';
	const lines: string[] = [];
	const write = process.stdout.write.bind(process.stdout);
	let spies: jest.SpyInstance[] = [];
	beforeAll(() => {
		const keep = (chunk: unknown) => (lines.push(String(chunk)), true);
		const keepLine = (...args: unknown[]) => void lines.push(`${args.map(String).join(' ')}\n`);
		// n8n's logger (winston) writes to the console's own stream (`console._stdout`; jest's workers
		// give the console a buffer of their own), or through `console.log` when there is none.
		const streams = new Set([process.stdout, process.stderr, ...(['_stdout', '_stderr'] as const).map((name) => (console as unknown as Record<string, NodeJS.WriteStream | undefined>)[name])]);
		spies = [
			...[...streams].filter((stream) => stream?.write).map((stream) => jest.spyOn(stream!, 'write').mockImplementation(keep)),
			...(['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => jest.spyOn(console, method).mockImplementation(keepLine)),
		];
	});
	afterAll(() => spies.forEach((spy) => spy.mockRestore()));
	return {
		/** What was written so far, one entry per line. */
		lines: () => lines.join('').split('\n').filter(Boolean),
		/** Writes to the real stdout (a suite's counts), kept or not. */
		print: (text: string) => write(text),
		/** The secrets found in any line. */
		leaked: (secrets: readonly string[]) => secrets.filter((secret) => lines.some((line) => line.includes(secret))),
	};
}
