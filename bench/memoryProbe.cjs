// Loaded with `node --require` into the n8n processes of the benchmark. In the process that runs
// `n8n execute`, it samples the heap every 20 ms and, on exit, writes the peak heap and the peak
// resident set size to the file named by THREECX_BENCH_MEMORY_FILE.
const { writeFileSync } = require('node:fs');

const file = process.env.THREECX_BENCH_MEMORY_FILE;
if (file && process.argv.includes('execute')) {
	let peakHeap = 0;
	const sample = () => {
		peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
	};
	setInterval(sample, 20).unref();
	process.on('exit', () => {
		sample();
		const peakRss = process.resourceUsage().maxRSS * 1024;
		writeFileSync(file, JSON.stringify({ peakRss, peakHeap }));
	});
}
