/**
 * What every WebAssembly kernel of this folder shares: the part of the WebAssembly JS API they
 * use, typed locally (the project's TypeScript libraries, ES2022 and Node's types, do not declare
 * it, and a global declaration would clash with the DOM library's in packages that have it), and
 * a synchronous compile of a generated module (`<name>.generated.ts`, base64, made by
 * scripts/wasm.js from `<name>.wat`), once per thread.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** A memory made with `shared: true` (see `sharedMemory`). */
export interface SharedWasmMemory {
  readonly buffer: SharedArrayBuffer;
}

interface WasmApi {
  /** Only shared memories are made here. */
  Memory: new (limits: { initial: number; maximum: number; shared: true }) => SharedWasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Bytes per WebAssembly memory page. */
export const PAGE_BYTES = 65536;
/** 4 GiB, wasm32's whole address space, in pages. */
export const MAX_PAGES = 65536;

/**
 * A function that makes a new instance of the module whose bytes are `base64` (compiled on the
 * first call in each thread: the kernels are a few kilobytes), typed as `Exports`, with the
 * given `imports` (e.g. `{ env: { memory } }` for a module that imports a `sharedMemory`).
 */
export function instantiator<Exports>(base64: string): (imports?: object) => Exports {
  let compiled: object | null = null;
  return (imports = {}) => {
    if (compiled === null) {
      const text = atob(base64);
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      compiled = new wasm.Module(bytes);
    }
    return new wasm.Instance(compiled, imports).exports as Exports;
  };
}

/** Grows `memory` to hold at least `bytes`. */
export function growTo(memory: WasmMemory, bytes: number): void {
  const pages = Math.ceil(bytes / PAGE_BYTES);
  const have = memory.buffer.byteLength / PAGE_BYTES;
  if (pages > have) memory.grow(pages - have);
}

/**
 * A shared memory of at least `bytes` (that never grows, so views on it stay valid): its buffer
 * is a SharedArrayBuffer, which other threads receive with the memory object itself.
 */
export function sharedMemory(bytes: number): SharedWasmMemory {
  const pages = Math.max(1, Math.ceil(bytes / PAGE_BYTES));
  if (pages > MAX_PAGES)
    throw new Error(
      `WebAssembly: ${(bytes / 2 ** 30).toFixed(1)} GiB asked for, over wasm32's 4 GiB; use fewer rows`,
    );
  return new wasm.Memory({ initial: pages, maximum: pages, shared: true });
}
