import { createHash } from 'node:crypto';
import { REPORT_STYLES } from '../../../tuning/report/report-styles';

/**
 * The CSP source that allows the evaluation report's one inline stylesheet and nothing else. The
 * console opens a report as a blob: document, which inherits the console's Content-Security-Policy;
 * without this hash the report would show unstyled. Its content never changes at run time.
 */
export const REPORT_STYLE_SOURCE = `'sha256-${createHash('sha256').update(REPORT_STYLES, 'utf8').digest('base64')}'`;
