"""`warehouse/published`: the last step of a refresh, which swaps the validated working copy in for analysts."""

from collections.abc import Sequence

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    MaterializeResult,
    MetadataValue,
    asset,
)

from dagster_project.defs.resources import WarehouseResource
from dagster_project.warehouse.publish import (
    PublishError,
    missing_relations,
    publish_working_copy,
    record_publication,
)

PUBLISHED_KEY = AssetKey(["warehouse", "published"])
PUBLISH_GROUP = "publish"


def build_published_warehouse(upstream: Sequence[AssetsDefinition]) -> AssetsDefinition:
    """The publish asset, downstream of every asset in `upstream`.

    It depends on each of them directly because Dagster holds back only the direct downstream of a failed
    blocking check: a failed gate on `marts/fct_tickets` would not stop an asset that depends on
    `marts/agg_channel_daily` alone. So it runs only once every asset is built and every gate has passed.
    """
    keys = sorted({spec.key for assets_def in upstream for spec in assets_def.specs}, key=lambda k: k.path)
    # Asset keys of the warehouse read `[schema, relation]`: each must be in the copy that gets published,
    # but the parity assets of vendors the run does not fill, which a refresh leaves out.
    relation_keys = [key for key in keys if len(key.path) == 2]

    @asset(
        key=PUBLISHED_KEY,
        group_name=PUBLISH_GROUP,
        deps=keys,
        kinds={"duckdb"},
        description=(
            "The warehouse analysts read: the run's working copy, swapped in atomically once every asset is "
            "built and every blocking check passed; the warehouse it replaces goes to published/ for rollback."
        ),
    )
    def published_warehouse(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
        with warehouse.connect() as con:
            left_out = warehouse.parity_assets_left_out
            missing = missing_relations(
                con, [(key.path[0], key.path[1]) for key in relation_keys if key not in left_out]
            )
            if missing:
                raise PublishError(
                    f"not publishing: the working copy lacks {', '.join(missing)}; "
                    "materialize them in the same run as warehouse/published"
                )
            published_at = record_publication(con, context.run.run_id)
            # Everything into the database file, so the file alone is the whole warehouse once renamed.
            con.execute("CHECKPOINT")
        publication = publish_working_copy(warehouse.published_path, keep=warehouse.keep_published)
        context.log.info(
            f"published {publication.published}"
            + (f"; the warehouse it replaced is {publication.archived}" if publication.archived else "")
        )
        return MaterializeResult(
            metadata={
                "path": MetadataValue.path(str(publication.published)),
                "published_at": MetadataValue.timestamp(published_at),
                "replaced_warehouse": MetadataValue.text(str(publication.archived or "none")),
                "history_removed": MetadataValue.json([str(p) for p in publication.removed]),
                "size_bytes": publication.published.stat().st_size,
            }
        )

    return published_warehouse
