// The promptflow YAML code and the `yaml` package, as their own bundle (`dist/yaml.js`): loaded on
// the first import or export, never at activation.
export * from '../../domain/yaml';
