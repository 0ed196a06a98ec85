package org.mcptrace.interfaces.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIInput;
import jakarta.faces.context.FacesContext;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mcptrace.application.ConfigurationRejected;
import org.primefaces.PrimeFaces;

/**
 * The screens' messages: a refused change next to the input at fault (or at the top of the dialog when no single
 * input is), and what was done.
 */
final class Messages {

    private static final Pattern INDEXED = Pattern.compile("(\\w+)\\[(\\d+)]");

    private Messages() {
    }

    /** @param inputs API field name (without index) to the client id of the input that edits it */
    static void show(ConfigurationRejected rejected, Map<String, String> inputs) {
        FacesContext faces = FacesContext.getCurrentInstance();
        String field = rejected.field();
        String detail = rejected.getMessage();
        String input = null;
        if (field != null) {
            Matcher indexed = INDEXED.matcher(field);
            if (indexed.matches()) {
                input = inputs.get(indexed.group(1));
                // the screen edits lists one item per line, so the operator counts lines, not array indexes
                detail = "Line " + (Integer.parseInt(indexed.group(2)) + 1) + ": " + detail;
            } else {
                input = inputs.get(field);
            }
        }
        if (input != null && faces.getViewRoot().findComponent(":" + input) instanceof UIInput component) {
            // marks the input for the theme and for assistive technology (aria-invalid)
            component.setValid(false);
        }
        faces.addMessage(input,
                new FacesMessage(FacesMessage.SEVERITY_ERROR, detail, detail));
        faces.validationFailed();
    }

    /** Closes the editor and refreshes the table with its filters still applied. */
    static void saved(String text) {
        info(text);
        PrimeFaces.current().ajax().update("list");
        PrimeFaces.current().executeScript("PF('editor').hide();PF('table').filter();");
    }

    static void info(String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, text));
    }

    static void error(ConfigurationRejected rejected) {
        FacesContext.getCurrentInstance().addMessage(null,
                new FacesMessage(FacesMessage.SEVERITY_ERROR, rejected.getMessage(), rejected.getMessage()));
    }
}
