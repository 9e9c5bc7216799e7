"""The wasmtime host: everything that knows about WebAssembly lives here, and nothing that knows HTML."""
