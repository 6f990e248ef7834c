from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and verdicts"

    def ready(self) -> None:
        from claims.selectors.public_index import public_page_kept
        from factcheck.base.services import register_delete_guard

        # Pages the public record shows are never deleted from under it.
        register_delete_guard(public_page_kept)
