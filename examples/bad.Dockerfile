# An example with the mistakes ocilint exists to catch.
FROM Python:3.12
LABEL org.opencontainers.image.licence="Apache 2.0" \
      org.opencontainers.image.source="git@github.com:acme/hello.git" \
      org.opencontainers.image.created="2024-05-01"
COPY --from=busybox:latest /bin/busybox /bin/busybox
