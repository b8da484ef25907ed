export { AnalysisSettingsSection } from './AnalysisSettingsSection';
export { AnalysisStatusSection } from './AnalysisStatusSection';
