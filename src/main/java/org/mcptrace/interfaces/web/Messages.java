package org.mcptrace.interfaces.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIInput;
import jakarta.faces.context.FacesContext;
import jakarta.faces.validator.ValidatorException;
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

    /**
     * Shows the refusal beside the editor's input for its field ({@code editorForm:<member>}, unless {@code inputs}
     * names another id for the member), or above the form when there is no such input.
     */
    static void show(ConfigurationRejected rejected, Map<String, String> inputs) {
        FacesContext faces = FacesContext.getCurrentInstance();
        String field = rejected.field();
        String input = null;
        if (field != null) {
            Matcher indexed = INDEXED.matcher(field);
            String member = indexed.matches() ? indexed.group(1) : field;
            String candidate = "editorForm:" + inputs.getOrDefault(member, member);
            if (faces.getViewRoot().findComponent(":" + candidate) instanceof UIInput component) {
                // marks the input for the theme and for assistive technology (aria-invalid)
                component.setValid(false);
                input = candidate;
            }
        }
        showAt(input, rejected);
    }

    /** Shows the refusal beside the input of that client id (above the form for null), keeping the dialog open. */
    static void showAt(String input, ConfigurationRejected rejected) {
        String detail = detail(rejected);
        FacesContext faces = FacesContext.getCurrentInstance();
        faces.addMessage(input, new FacesMessage(FacesMessage.SEVERITY_ERROR, detail, detail));
        faces.validationFailed();
    }

    /**
     * A Faces validator that applies one of the configuration's rules to one input, so that the validation phase shows
     * every input's problem at once, in the rule's own words.
     */
    static void check(Runnable rule) {
        try {
            rule.run();
        } catch (ConfigurationRejected rejected) {
            String detail = detail(rejected);
            throw new ValidatorException(new FacesMessage(FacesMessage.SEVERITY_ERROR, detail, detail));
        }
    }

    private static String detail(ConfigurationRejected rejected) {
        Matcher indexed = INDEXED.matcher(rejected.field() == null ? "" : rejected.field());
        // the screen edits lists one item per line, so the operator counts lines, not array indexes
        return indexed.matches() ? "Line " + (Integer.parseInt(indexed.group(2)) + 1) + ": " + rejected.getMessage()
                : rejected.getMessage();
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
