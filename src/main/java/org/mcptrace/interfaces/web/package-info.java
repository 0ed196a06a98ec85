/** Faces view beans behind the operator screens; they call the application layer and show its verdicts per field. */
package org.mcptrace.interfaces.web;
