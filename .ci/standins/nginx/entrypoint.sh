#!/bin/sh
# As the official image's entrypoint, when it starts nginx: the executable scripts of
# /docker-entrypoint.d/ run first, then every *.template under NGINX_ENVSUBST_TEMPLATE_DIR
# (/etc/nginx/templates) is rendered into NGINX_ENVSUBST_OUTPUT_DIR (/etc/nginx/conf.d), with its
# suffix (NGINX_ENVSUBST_TEMPLATE_SUFFIX, .template) removed and its subfolders kept. envsubst
# replaces only the variables that are set (optionally those matching NGINX_ENVSUBST_FILTER), so
# nginx's own $variables stay as they are.
set -eu

render_templates() {
  template_dir=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
  suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
  output_dir=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
  filter=${NGINX_ENVSUBST_FILTER:-}
  [ -d "$template_dir" ] || return 0
  if [ ! -w "$output_dir" ]; then
    echo "$0: $output_dir is not writable; templates in $template_dir not rendered" >&2
    return 0
  fi
  defined_envs=$(printf '${%s} ' $(awk "END { for (name in ENVIRON) { print ( name ~ /${filter}/ ) ? name : \"\" } }" </dev/null))
  find "$template_dir" -follow -type f -name "*$suffix" -print | while read -r template; do
    relative_path=${template#"$template_dir/"}
    output_path=$output_dir/${relative_path%"$suffix"}
    mkdir -p "$(dirname "$output_path")"
    echo "$0: envsubst on $template to $output_path"
    envsubst "$defined_envs" <"$template" >"$output_path"
  done
}

if [ "${1:-}" = nginx ] || [ "${1:-}" = nginx-debug ]; then
  for script in /docker-entrypoint.d/*.sh; do
    [ -x "$script" ] || continue
    echo "$0: running $script"
    "$script"
  done
  render_templates
fi
exec "$@"
