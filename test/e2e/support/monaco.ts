// Typing into the Monaco editors of the real app from a test: the workbench's one editor, and the
// studio's per-file models (file:///studio/<name>), through the window.monaco the pages expose.
import type { Page } from 'playwright-core';

type Model = { uri: { path: string }; getValue(): string; setValue(v: string): void };
type MonacoWindow = {
  monaco?: { editor: { getEditors(): Array<{ updateOptions(o: object): void; getModel(): Model | null }>; getModels(): Model[] } };
};

/** Replaces the workbench editor's code by typing it (as a learner pastes). */
export async function typeIntoEditor(page: Page, code: string): Promise<void> {
  await page.locator('.monaco-editor').waitFor();
  await page.waitForFunction(() => (window as unknown as MonacoWindow).monaco?.editor.getEditors()[0]?.getModel() != null);
  await page.evaluate(() =>
    (window as unknown as MonacoWindow).monaco!.editor.getEditors()[0].updateOptions({ autoIndent: 'none', autoClosingBrackets: 'never', autoClosingQuotes: 'never', autoClosingOvertype: 'never', autoSurround: 'never', formatOnType: false }),
  );
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
}

/** Opens a file's tab in the studio and sets its text (an edit the studio autosaves). */
export async function setStudioFile(page: Page, file: string, text: string): Promise<void> {
  await page.getByRole('tab', { name: file, exact: true }).click();
  await page.waitForFunction((f) => (window as unknown as MonacoWindow).monaco?.editor.getModels().some((m) => m.uri.path === `/studio/${f}`) ?? false, file);
  await page.evaluate(([f, t]) => (window as unknown as MonacoWindow).monaco!.editor.getModels().find((m) => m.uri.path === `/studio/${f}`)!.setValue(t), [file, text] as const);
}

/** The studio's current text of a file. */
export async function studioFile(page: Page, file: string): Promise<string> {
  await page.getByRole('tab', { name: file, exact: true }).click();
  await page.waitForFunction((f) => (window as unknown as MonacoWindow).monaco?.editor.getModels().some((m) => m.uri.path === `/studio/${f}`) ?? false, file);
  return page.evaluate((f) => (window as unknown as MonacoWindow).monaco!.editor.getModels().find((m) => m.uri.path === `/studio/${f}`)!.getValue(), file);
}
