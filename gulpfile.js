// Copies what tsc does not emit: the SVG icons (node and credential `icon: 'file:…'` paths resolve
// relative to the compiled .js files) and the node codex files (*.node.json) next to each node.
const { src, dest, task, parallel } = require('gulp');

const copyIcons = () => src('icons/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/icons'));
const copyCodex = () => src('nodes/**/*.node.json').pipe(dest('dist/nodes'));

task('build:icons', parallel(copyIcons, copyCodex));
