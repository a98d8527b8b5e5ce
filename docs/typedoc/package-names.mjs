// TypeDoc names a module after its entry point's path (`core/src`). This plugin names
// each module after the package it documents (`@sockport/core`), read from the
// package.json next to the entry point's `src` folder, so the navigation and the search
// show the names users import.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.getChildrenByKind(ReflectionKind.Module)) {
      const source = context.getSymbolFromReflection(mod)?.declarations?.[0]?.getSourceFile().fileName;
      if (source === undefined) {
        app.logger.warn(`package-names: no source file for module ${mod.name}`);
        continue;
      }
      const manifest = join(dirname(dirname(source)), 'package.json');
      try {
        const { name } = JSON.parse(readFileSync(manifest, 'utf8'));
        if (typeof name === 'string') mod.name = name;
      } catch {
        app.logger.warn(`package-names: no package.json at ${manifest} for module ${mod.name}`);
      }
    }
  });
}
