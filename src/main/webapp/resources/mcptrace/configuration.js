// PrimeFaces column filters render without labels; name each after its column so screen readers announce it.
(function () {
    function labelFilters() {
        document.querySelectorAll('.ui-datatable thead th').forEach(function (th) {
            var title = th.querySelector('.ui-column-title');
            if (!title) {
                return;
            }
            var label = 'Filter by ' + title.textContent.trim().toLowerCase();
            th.querySelectorAll('.ui-column-filter, .ui-selectonemenu [id$="_focus"]').forEach(function (input) {
                input.setAttribute('aria-label', label);
            });
        });
    }
    document.addEventListener('DOMContentLoaded', function () {
        labelFilters();
        if (window.jQuery) {
            jQuery(document).on('pfAjaxComplete', labelFilters);
        }
    });
})();
