/**
 * The provisioning benchmark's picture: for each row, requests in flight (left axis) and sessions
 * created (right axis) over time, drawn with Chart.js on a Skia canvas (@napi-rs/canvas), one panel
 * per row in a grid, written as one PNG.
 */
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { Chart, registerables } from 'chart.js';
import { writeFileSync } from 'node:fs';

Chart.register(...registerables);

export interface Panel {
	title: string;
	/** [ms, in flight, created] at every change, from the vendor. */
	timeline: Array<[number, number, number]>;
	/** Shared x range in seconds, so panels compare at a glance. */
	xMaxSeconds: number;
}

const WIDTH = 620;
const HEIGHT = 300;
const COLUMNS = 2;

/** Samples every 10 ms: the most in flight in each step and the count created at its end. */
function steps(timeline: Panel['timeline']) {
	const points: Array<{ x: number; inFlight: number; created: number }> = [];
	let index = 0;
	let created = 0;
	const end = timeline.length ? timeline[timeline.length - 1][0] : 0;
	for (let t = 0; t <= end + 10; t += 10) {
		let inFlight = index > 0 ? timeline[index - 1][1] : 0;
		while (index < timeline.length && timeline[index][0] <= t) {
			inFlight = Math.max(inFlight, timeline[index][1]);
			created = timeline[index][2];
			index++;
		}
		points.push({ x: t / 1000, inFlight, created });
	}
	return points;
}

function panel(canvas: Canvas, { title, timeline, xMaxSeconds }: Panel) {
	const points = steps(timeline);
	const chart = new Chart(canvas as unknown as ConstructorParameters<typeof Chart>[0], {
		type: 'line',
		data: {
			datasets: [
				{ label: 'requests in flight', data: points.map((p) => ({ x: p.x, y: p.inFlight })), borderColor: '#d9480f', backgroundColor: '#d9480f', yAxisID: 'inFlight', pointRadius: 0, borderWidth: 1.5, stepped: true },
				{ label: 'sessions created', data: points.map((p) => ({ x: p.x, y: p.created })), borderColor: '#1c7ed6', backgroundColor: '#1c7ed6', yAxisID: 'created', pointRadius: 0, borderWidth: 2 },
			],
		},
		options: {
			animation: false,
			responsive: false,
			plugins: { title: { display: true, text: title, font: { size: 13 } }, legend: { position: 'bottom', labels: { boxWidth: 12 } } },
			scales: {
				x: { type: 'linear', min: 0, max: xMaxSeconds, title: { display: true, text: 'seconds' } },
				inFlight: { type: 'linear', position: 'left', min: 0, title: { display: true, text: 'in flight' } },
				created: { type: 'linear', position: 'right', min: 0, grid: { drawOnChartArea: false }, title: { display: true, text: 'created' } },
			},
		},
		plugins: [{ id: 'white', beforeDraw: (c) => ((c.ctx.fillStyle = '#fff'), c.ctx.fillRect(0, 0, c.width, c.height)) }],
	});
	chart.draw();
	return chart;
}

/** Draws every panel into one PNG at `file`. */
export function plotRows(file: string, panels: Panel[]): void {
	const rows = Math.ceil(panels.length / COLUMNS);
	const sheet = createCanvas(WIDTH * COLUMNS, HEIGHT * rows);
	const context = sheet.getContext('2d');
	context.fillStyle = '#fff';
	context.fillRect(0, 0, sheet.width, sheet.height);
	panels.forEach((entry, index) => {
		const canvas = createCanvas(WIDTH, HEIGHT);
		const chart = panel(canvas, entry);
		context.drawImage(canvas, (index % COLUMNS) * WIDTH, Math.floor(index / COLUMNS) * HEIGHT);
		// Only now: destroying a chart clears its canvas.
		chart.destroy();
	});
	writeFileSync(file, sheet.toBuffer('image/png'));
}
