/** Faces beans behind the console screens, one per screen and named after it; they adapt the application layer to the page and show its verdicts per field. */
package org.mcptrace.interfaces.web;
