import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const source = readFileSync(path.join(repoRoot, 'src/preload/index.ts'), 'utf8');
const file = ts.createSourceFile('index.ts', source, ts.ScriptTarget.ES2022, true);

function allNodes(node: ts.Node): ts.Node[] {
  return [node, ...node.getChildren(file).flatMap(allNodes)];
}
const nodes = allNodes(file);

describe('preload surface (checklist item 20)', () => {
  const exposeCalls = nodes.filter(
    (n): n is ts.CallExpression =>
      ts.isCallExpression(n) && n.expression.getText(file) === 'contextBridge.exposeInMainWorld',
  );

  it('exposes exactly one object, window.patron, with exactly the keys invoke and on', () => {
    expect(exposeCalls).toHaveLength(1);
    const [nameArg, valueArg] = exposeCalls[0]?.arguments ?? [];
    expect(nameArg && ts.isStringLiteral(nameArg) ? nameArg.text : null).toBe('patron');
    expect(valueArg && ts.isIdentifier(valueArg)).toBe(true);
    const declaration = nodes.find(
      (n): n is ts.VariableDeclaration =>
        ts.isVariableDeclaration(n) && n.name.getText(file) === valueArg?.getText(file),
    );
    const literal = declaration?.initializer;
    expect(literal && ts.isObjectLiteralExpression(literal)).toBe(true);
    const keys = (literal as ts.ObjectLiteralExpression).properties.map((p) => p.name?.getText(file));
    expect(keys.sort()).toEqual(['invoke', 'on']);
  });

  it('never hands ipcRenderer, or the IPC event, to the page', () => {
    // ipcRenderer appears only as the callee of invoke/on/removeListener, never as a value.
    const uses = nodes.filter(
      (n) => ts.isIdentifier(n) && n.text === 'ipcRenderer' && !ts.isImportSpecifier(n.parent),
    );
    for (const use of uses) {
      expect(
        ts.isPropertyAccessExpression(use.parent) && use.parent.expression === use,
        use.parent.getText(file),
      ).toBe(true);
      expect(['invoke', 'on', 'removeListener']).toContain(
        (use.parent as ts.PropertyAccessExpression).name.text,
      );
    }
    expect(uses.length).toBeGreaterThan(0);
    // The listener given to the page is called with the payload only.
    const listenerCalls = nodes.filter(
      (n): n is ts.CallExpression => ts.isCallExpression(n) && n.expression.getText(file) === 'listener',
    );
    expect(listenerCalls).toHaveLength(1);
    expect(listenerCalls[0]?.arguments.map((a) => a.getText(file))).toEqual(['payload as EventMap[E]']);
  });

  it('imports nothing but contextBridge and ipcRenderer from electron', () => {
    const imports = file.statements
      .filter(ts.isImportDeclaration)
      .filter((d) => (d.moduleSpecifier as ts.StringLiteral).text === 'electron');
    const names = imports.flatMap((d) => {
      const bindings = d.importClause?.namedBindings;
      return bindings && ts.isNamedImports(bindings)
        ? bindings.elements.map((e) => e.name.text)
        : ['<default or namespace>'];
    });
    expect(names.sort()).toEqual(['contextBridge', 'ipcRenderer']);
  });
});
