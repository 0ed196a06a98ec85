/** What the console shows: a reported authorization request together with how it resolved against one configuration revision. */
package org.mcptrace.domain.trace;
