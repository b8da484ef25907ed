/** For the customer card (issue 4): consent per channel, and the owner's export / erase of one person. */
export { ConsentEditor } from './ConsentEditor';
export { PersonPrivacyActions } from './PersonPrivacyActions';
