# The GSP silo (and its `migrate` command), for hosts that can pull from a registry.
# Build context: the repository root.   docker build -f deploy/compose/silo.Dockerfile -t gsp/silo .
ARG SDK=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME=mcr.microsoft.com/dotnet/runtime:10.0
FROM ${SDK} AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo/Silo.csproj -c Release -o /app

FROM ${RUNTIME}
COPY --from=build /app /app
WORKDIR /app
ENTRYPOINT ["dotnet", "/app/Gsp.Silo.dll"]
