// esbuild's `file` loader (`--loader:.wasm=file`) turns a .wasm import into
// the URL of the emitted, content-hashed file.
declare module '*.wasm' {
  const url: string;
  export default url;
}
