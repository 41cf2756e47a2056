# idemu as a container image. The binary is built outside (make image), statically
# (CGO_ENABLED=0), so the image needs nothing but the binary and builds offline.
FROM scratch
COPY build/rootfs/idemu /idemu
# The only folders the non-root user writes: the data volume and conformance reports.
COPY --chown=65532:65532 build/rootfs/data /data
COPY --chown=65532:65532 build/rootfs/reports /reports
USER 65532:65532
ENV IDEMU_HOST=0.0.0.0 \
    IDEMU_DATA_DIR=/data
VOLUME /data
EXPOSE 4701 4702 4703 4704 4705
HEALTHCHECK --interval=1s --timeout=2s --start-period=1s --retries=15 CMD ["/idemu", "health"]
ENTRYPOINT ["/idemu"]
CMD ["serve"]
