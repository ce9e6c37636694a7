/**
 * YAML 1.1's boolean type as go-yaml v2 knows it, read and write rules together: the plain words
 * it reads as true or false, and so the strings a v2 writer must quote to keep them strings.
 * kustomize meets it in kustomization files and JSON 6902 patches (read) and in its output (write).
 */
const WORDS = new Map<string, boolean>(Object.entries({
  y: true, Y: true, yes: true, Yes: true, YES: true, on: true, On: true, ON: true,
  true: true, True: true, TRUE: true,
  n: false, N: false, no: false, No: false, NO: false, off: false, Off: false, OFF: false,
  false: false, False: false, FALSE: false,
}));

/** The boolean a plain scalar stands for under YAML 1.1, or undefined when it is no boolean word. */
export function readBool11(plain: string): boolean | undefined {
  return WORDS.get(plain);
}

/** True when a string written plain would read back as a YAML 1.1 boolean, so it must be quoted. */
export function isBool11(s: string): boolean {
  return WORDS.has(s);
}
