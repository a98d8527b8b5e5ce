// Each face's "Deviations" guide on the reference site is made from the sections of the
// package README that list them, when TypeDoc starts: the README stays the one place
// they are written, and the site cannot drift from it. The guides are build output
// (ignored by git), read by TypeDoc as project documents.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Per face: the page's title and heading, and the README sections it shows. A `lead`
// section's text comes right under the page heading (its bold one-line paragraphs
// become its sub-headings); the others keep their own heading.
const guides = [
  {
    face: 'tarantool-socket',
    title: 'Deviations from Tarantool',
    heading: 'Deviations from Tarantool 2.6',
    sections: [{ name: 'Deviations from Tarantool 2.6, and why', lead: true }, { name: 'Behaviour worth knowing (all as in Tarantool 2.6)' }],
  },
  {
    face: 'lsocket',
    title: 'Deviations from lsocket',
    heading: 'Deviations from lsocket 1.4.1',
    sections: [{ name: 'Deviations' }, { name: 'What is kept exactly' }],
  },
  {
    face: 'socket2',
    title: 'Deviations from socket2',
    heading: 'Deviations from socket2',
    sections: [{ name: 'Deviations from the original', lead: true }],
  },
];

// The body of the README's `## name` section: the lines up to the next `## ` heading.
function section(readme, name, file) {
  const lines = readme.split('\n');
  const start = lines.indexOf(`## ${name}`);
  if (start < 0) throw new Error(`deviation-guides: ${file} has no "## ${name}" section`);
  let end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  if (end < 0) end = lines.length;
  return lines.slice(start + 1, end).join('\n').trim();
}

// Writes every guide; a README section that is gone fails the build (TypeDoc's error).
function writeGuides() {
  for (const { face, title, heading, sections } of guides) {
    const file = join(root, 'packages', face, 'README.md');
    const readme = readFileSync(file, 'utf8');
    const parts = sections.map(({ name, lead }) => {
      const body = section(readme, name, file);
      return lead ? body.replace(/^\*\*([^*\n]+)\*\*$/gm, '## $1') : `## ${name}\n\n${body}`;
    });
    const page = [`---\ntitle: ${title}\ngroup: ${face} guides\n---`, `# ${heading}`, ...parts].join('\n\n');
    const out = join(root, 'docs', 'guides', face, 'deviations.md');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${page}\n`);
  }
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  try {
    writeGuides();
  } catch (error) {
    app.logger.error(String(error instanceof Error ? error.message : error));
  }
}
