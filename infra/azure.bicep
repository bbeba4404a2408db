// License Migration Bot on Azure: a user-assigned managed identity that is at once the bot's identity (Azure Bot,
// single tenant, UserAssignedMSI) and the app's Microsoft Graph identity (GRAPH_AUTH=managedIdentity); a Linux App
// Service running `npm run bot` on Node 20; a storage account for runs and the journal.
// Deployed by `arm/deploy` in m365agents.yml with infra/azure.parameters.json. Outputs are written to env/.env.<env>.
//
// Not done here (Bicep cannot): the Microsoft Graph application permissions of docs/permissions.md must be granted to
// the identity's service principal by an admin (README.md, "Deploy to your tenant", step 5).

@maxLength(20)
@minLength(4)
@description('Used to generate names for all resources in this file')
param resourceBaseName string

@description('App Service plan SKU (B1 or larger: alwaysOn needs a Basic plan or above)')
param webAppSKU string = 'B1'

@maxLength(42)
param botDisplayName string

@description('Comma-separated Entra object ids of the approvers (APPROVER_IDS); this or approverGroupId is required')
param approverIds string = ''

@description('Object id of an Entra group whose members are approvers (APPROVER_GROUP_ID); optional')
param approverGroupId string = ''

@description('Comma-separated tenant ids allowed to use the bot (ALLOWED_TENANT_IDS); empty = this tenant only')
param allowedTenantIds string = ''

@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@description('Blob container for runs and the journal')
param storageContainerName string = 'migration-runs'

param botServiceSku string = 'F0'
param location string = resourceGroup().location

var identityName = resourceBaseName
var serverfarmsName = resourceBaseName
var webAppName = resourceBaseName
var botServiceName = resourceBaseName
// 3-24 lowercase letters and digits, unique in Azure.
var storageAccountName = take('lmb${uniqueString(resourceGroup().id, resourceBaseName)}', 24)
// Built-in role "Storage Blob Data Contributor".
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var allowedTenants = empty(allowedTenantIds) ? identity.properties.tenantId : allowedTenantIds
// STORAGE=blob:<connection string>|<container> (src/storage/storageSpec.ts). The bot takes only a connection string
// so far; identity-based blob access (the role assignment below) is prepared but not used by the code yet.
var storageSetting = 'blob:DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}|${storageContainerName}'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  location: location
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Needed while the bot connects with a connection string (account key).
    allowSharedKeyAccess: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-01-01' = {
  parent: storage
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-01-01' = {
  parent: blobService
  name: storageContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Linux App Service plan
resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  kind: 'linux'
  location: location
  name: serverfarmsName
  sku: {
    name: webAppSKU
  }
  properties: {
    reserved: true
  }
}

// Web App that runs the bot (`npm run bot`); App Service sets PORT itself and the bot listens on it.
resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  kind: 'app,linux'
  location: location
  name: webAppName
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'npm run bot'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      healthCheckPath: '/healthz'
      appSettings: [
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'true' // zip deploy uploads the sources; App Service runs npm install on Linux (tsx needs Linux esbuild)
        }
        {
          name: 'PRUNE_DEV_DEPENDENCIES'
          value: 'true' // that install leaves out devDependencies
        }
        {
          name: 'MicrosoftAppType'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MicrosoftAppId'
          value: identity.properties.clientId
        }
        {
          name: 'MicrosoftAppTenantId'
          value: identity.properties.tenantId
        }
        {
          name: 'GRAPH_AUTH'
          value: 'managedIdentity'
        }
        {
          name: 'GRAPH_MANAGED_IDENTITY_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'GRAPH_TENANT_ID'
          value: identity.properties.tenantId
        }
        {
          name: 'ALLOWED_TENANT_IDS'
          value: allowedTenants
        }
        {
          name: 'APPROVER_IDS'
          value: approverIds
        }
        {
          name: 'APPROVER_GROUP_ID'
          value: approverGroupId
        }
        {
          name: 'FOUR_EYES'
          value: 'true'
        }
        {
          name: 'STORAGE'
          value: storageSetting
        }
        {
          name: 'HOST'
          value: '0.0.0.0'
        }
        {
          name: 'LOG_LEVEL'
          value: logLevel
        }
      ]
    }
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  dependsOn: [
    container
  ]
}

// Register the web app as a bot with the Bot Framework: single tenant, the managed identity as its app id.
resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  kind: 'azurebot'
  location: 'global'
  name: botServiceName
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
    msaAppType: 'UserAssignedMSI'
  }
  sku: {
    name: botServiceSku
  }
}

// Connect the bot to Microsoft Teams
resource botServiceMsTeamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  location: 'global'
  name: 'MsTeamsChannel'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

// Written to env/.env.<env> by arm/deploy (https://aka.ms/teamsfx-actions/arm-deploy).
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output BOT_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
output STORAGE_ACCOUNT_NAME string = storage.name
