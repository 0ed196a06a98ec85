/** Faces beans behind the console screens, one per screen and named after it; they only adapt the application layer to the page. */
package org.mcptrace.interfaces.web;
