# The GSP dashboard and wake webhook, for hosts that can pull from a registry.
# Build context: the repository root.   docker build -f deploy/compose/dashboard.Dockerfile -t gsp/dashboard .
ARG SDK=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME=mcr.microsoft.com/dotnet/aspnet:10.0
FROM ${SDK} AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/WebFrontend/WebFrontend.csproj -c Release -o /app

FROM ${RUNTIME}
COPY --from=build /app /app
WORKDIR /app
ENV ASPNETCORE_URLS=http://0.0.0.0:5080
ENTRYPOINT ["dotnet", "/app/Gsp.WebFrontend.dll"]
