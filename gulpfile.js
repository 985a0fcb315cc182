// Copies the SVG icons next to the compiled nodes and credentials: their `icon: 'file:…'` paths are
// resolved relative to the compiled .js files, so dist/ must hold them too.
const { src, dest, task } = require('gulp');

function copyIcons() {
	return src('icons/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/icons'));
}

task('build:icons', copyIcons);
