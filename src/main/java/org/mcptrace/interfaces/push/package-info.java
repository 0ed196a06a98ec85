/** Tells open consoles that new entries are there, through the Faces websocket, coalesced so a burst never floods a browser. */
package org.mcptrace.interfaces.push;
