/** Use cases shared by the REST API and the screens: the configuration service with all its rules, and its events. */
package org.mcptrace.application;
