/** Minimal RFC 4180 CSV: quoted fields, doubled quotes, commas and newlines inside quotes. */

export function parseCsv(text: string): Array<Record<string, string>> {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') (field += '"'), i++;
			else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') row.push(field), (field = '');
		else if (char === '\n' || char === '\r') {
			if (char === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			if (row.some((value) => value !== '')) rows.push(row);
			(row = []), (field = '');
		} else field += char;
	}
	row.push(field);
	if (row.some((value) => value !== '')) rows.push(row);
	const [header, ...records] = rows;
	return records.map((values) => Object.fromEntries(header.map((name, index) => [name.trim(), values[index] ?? ''])));
}

const quote = (value: unknown) => {
	const text = value === undefined || value === null ? '' : String(value);
	return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function toCsv(rows: Array<Record<string, unknown>>, columns: string[]): string {
	return [columns.join(','), ...rows.map((row) => columns.map((column) => quote(row[column])).join(','))].join('\n') + '\n';
}

/** A fixed-width text table for the terminal. */
export function toTable(rows: Array<Record<string, unknown>>, columns: string[]): string {
	const cells = rows.map((row) => columns.map((column) => String(row[column] ?? '')));
	const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((cell) => cell[index].length)));
	const line = (values: string[]) => values.map((value, index) => value.padEnd(widths[index])).join('  ');
	return [line(columns), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}
