// Headless entry over the same engine. Filled in by the CLI work.
console.log('poseanimate: not yet available')
