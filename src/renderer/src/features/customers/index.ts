export { CustomerSearchSpotlight } from './CustomerSearchSpotlight';
export { QuickEntry } from './QuickEntry';
export { CustomerListScreen } from './CustomerListScreen';
export { CustomerEditScreen } from './CustomerEditScreen';
export { DuplicatesScreen } from './DuplicatesScreen';
export { BinScreen } from './BinScreen';
