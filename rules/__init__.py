"""ocilint's built-in rules, one module per rule.

Installed as the `ocilint_rules` package and registered through the `ocilint` entry-point group,
exactly like a third-party plugin.
"""

from __future__ import annotations

from ocilint.hookspecs import hookimpl
from ocilint.rule import Rule

from . import (
    deprecated_license_id,
    disallowed_registry,
    dockerfile_syntax_error,
    empty_label_value,
    image_artifact,
    image_latest_tag,
    image_without_tag,
    inherited_base_image_label,
    inherited_base_image_source,
    invalid_base_image_annotation,
    invalid_image_reference,
    invalid_label_timestamp,
    invalid_label_url,
    invalid_license_expression,
    invalid_pragma,
    invalid_ref_name,
    label_key_not_reverse_domain,
    label_value_too_long,
    manifest_list_without_annotations,
    missing_required_label,
    mixed_case_expression_in_image_name,
    multi_platform_without_index_description,
    noncanonical_license_case,
    oci_schema,
    registry_acr,
    registry_artifact_registry,
    registry_docker_hub,
    registry_ecr,
    registry_ecr_public,
    registry_ghcr,
    registry_quay,
    registry_retired,
    reserved_label_namespace,
    spaced_assignment,
    unknown_oci_label_key,
    unpinned_image,
    unqualified_image_reference,
    unresolved_value,
    unsupported_digest_algorithm,
)

MODULES = (
    dockerfile_syntax_error,
    unresolved_value,
    invalid_pragma,
    missing_required_label,
    label_value_too_long,
    invalid_license_expression,
    deprecated_license_id,
    noncanonical_license_case,
    invalid_label_url,
    invalid_label_timestamp,
    empty_label_value,
    label_key_not_reverse_domain,
    unknown_oci_label_key,
    spaced_assignment,
    invalid_base_image_annotation,
    inherited_base_image_source,
    inherited_base_image_label,
    invalid_ref_name,
    reserved_label_namespace,
    invalid_image_reference,
    image_without_tag,
    image_latest_tag,
    mixed_case_expression_in_image_name,
    unpinned_image,
    disallowed_registry,
    unsupported_digest_algorithm,
    unqualified_image_reference,
    oci_schema,
    manifest_list_without_annotations,
    multi_platform_without_index_description,
    image_artifact,
    registry_ghcr,
    registry_docker_hub,
    registry_ecr,
    registry_ecr_public,
    registry_acr,
    registry_artifact_registry,
    registry_quay,
    registry_retired,
)


@hookimpl
def ocilint_rules() -> list[Rule]:
    return [Rule.from_module(module, plugin="ocilint") for module in MODULES]
