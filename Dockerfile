# Build: docker build -t orchestrator-console .
# Run:   docker run -p 8283:8283 -v orchestrator-data:/data orchestrator-console
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish OrchestratorConsole.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# HTTPS on every address with the node's own certificate (Server certificate tab); plain HTTP on loopback only,
# for the health check inside the container.
ENV ASPNETCORE_URLS="https://+:8283;http://127.0.0.1:8282" \
    Node__DataDirectory=/data
RUN mkdir -p /data && chown app:app /data
USER app
VOLUME /data
EXPOSE 8283
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s CMD ["dotnet", "OrchestratorConsole.dll", "health-probe", "http://127.0.0.1:8282/health/ready"]
ENTRYPOINT ["dotnet", "OrchestratorConsole.dll"]
