@emulator
Feature: Configuration API
  The Configuration API (/config/{app_id}) manages an app's API clients, settings and
  flows with HTTP Basic credentials, in JSON. Its clients and settings are the Capture
  host's, and its flows are the ones the native endpoints sign users in with: a change
  makes a new flow version. (The app is the default one, and every host shares one base
  URL.)

  Background:
    Given I use basic credentials "${client_id}" and "${client_secret}"

  Scenario: API clients are the Capture host's clients
    When I send a POST request to "/config/default/clients" with JSON:
      """
      {"name": "reporting ${unique}", "features": ["direct_read_access"]}
      """
    Then the response status should be 201
    And the response field "name" should be "reporting ${unique}"
    And the response field "ipWhitelist[0]" should be "0.0.0.0/0"
    And I store the response field "_id" as "reporting"
    When I call "/clients/list" with:
      | has_features | ["direct_read_access"] |
    Then the response should be a Capture success
    And the response field "results" should contain an item with "description" equal to "reporting ${unique}"
    When I use basic credentials "${client_id}" and "${client_secret}"
    And I send a PUT request to "/config/default/clients/${reporting}" with JSON:
      """
      {"ipWhitelist": ["not an address"]}
      """
    Then the response should be a v1.api error with status 400
    When I send a DELETE request to "/config/default/clients/${client_id}"
    Then the response should be a v1.api error with status 400
    When I send a DELETE request to "/config/default/clients/${reporting}"
    Then the response status should be 204
    When I send a GET request to "/config/default/clients/${reporting}"
    Then the response should be a v1.api error with status 404

  Scenario: settings are shared with the legacy settings API
    When I send a PUT request to "/config/default/settings" with JSON:
      """
      {"feature_flag_${unique}": "on", "customer_id": "mine"}
      """
    Then the response should be a v1.api error with status 400
    When I send a PUT request to "/config/default/settings" with JSON:
      """
      {"feature_flag_${unique}": "on"}
      """
    Then the response status should be 200
    And the response field "custom.feature_flag_${unique}" should be "on"
    When I call "/settings/get_default" with:
      | key | feature_flag_${unique} |
    Then the response should be a Capture success
    And the response field "result" should be "on"
    When I use basic credentials "${client_id}" and "${client_secret}"
    And I send a PUT request to "/config/default/settings" with JSON:
      """
      {"feature_flag_${unique}": null}
      """
    Then the response status should be 200
    And the response field "custom.feature_flag_${unique}" should not exist

  Scenario: a new field on the registration form changes native registration
    When I send a POST request to "/config/default/flows/standard/copy" with JSON:
      """
      {"name": "f${unique}"}
      """
    Then the response status should be 201
    When I send a POST request to "/config/default/flows/f${unique}/translations" with JSON:
      """
      {"locale": "en-US", "value": "About you"}
      """
    Then the response status should be 201
    And I store the response field "key" as "label"
    When I send a POST request to "/config/default/flows/f${unique}/fields" with JSON:
      """
      {"type": "textarea", "name": "about", "schemaAttribute": "aboutMe", "label": {"key": "${label}"},
       "validation": [{"rule": "required", "value": true}]}
      """
    Then the response status should be 201
    And the response field "forms" should have 0 items
    When I send a POST request to "/config/default/flows/f${unique}/forms" with JSON:
      """
      {"name": "shortForm", "fields": [{"name": "emailAddress"}, {"name": "newPassword"}, {"name": "newPasswordConfirm"}, {"name": "about"}]}
      """
    Then the response status should be 201
    And the response field "fields[3].required" should be true
    When I call "/oauth/register_native_traditional" as the login client with:
      | flow               | f${unique}                 |
      | locale             | en-US                      |
      | redirect_uri       | https://app.example.test/cb |
      | form               | shortForm                  |
      | emailAddress       | about-${unique}@example.test |
      | newPassword        | About-password-1           |
      | newPasswordConfirm | About-password-1           |
    Then the response should be the Capture error 390 "invalid_form_fields"
    And the response field "invalid_fields.about[0]" should be "About you is required."
    When I call "/oauth/register_native_traditional" as the login client with:
      | flow               | f${unique}                 |
      | locale             | en-US                      |
      | redirect_uri       | https://app.example.test/cb |
      | form               | shortForm                  |
      | emailAddress       | about-${unique}@example.test |
      | newPassword        | About-password-1           |
      | newPasswordConfirm | About-password-1           |
      | about              | I test emulators.          |
    Then the response should be a Capture success
    And the response field "capture_user.aboutMe" should be "I test emulators."

  Scenario: every change is a version, and an old version can be restored
    When I send a POST request to "/config/default/flows/standard/copy" with JSON:
      """
      {"name": "v${unique}"}
      """
    Then the response status should be 201
    And I store the response field "version" as "first"
    When I send a DELETE request to "/config/default/flows/v${unique}/fields/mobileNumber"
    Then the response status should be 204
    When I send a GET request to "/config/default/flows/v${unique}/versions"
    Then the response status should be 200
    And the response field "$" should have 2 items
    And the response field "[0].version" should be "HEAD"
    And the response field "[0].change" should be "Removed field: mobileNumber"
    And the response field "[1].version" should be "${first}"
    When I send a POST request to "/config/default/flows/v${unique}/versions/${first}"
    Then the response status should be 200
    When I send a GET request to "/config/default/flows/v${unique}/fields/mobileNumber"
    Then the response status should be 200
    And the response field "schemaAttribute" should be "mobileNumber"

  Scenario: localized strings and translations
    When I send a POST request to "/config/default/flows/standard/locales/en-US/strings" with JSON:
      """
      {"name": "greeting${unique}", "value": "Hello"}
      """
    Then the response status should be 201
    When I send a GET request to "/config/default/flows/standard/strings/greeting${unique}"
    Then the response status should be 200
    And I store the response field "key" as "greeting_key"
    When I send a POST request to "/config/default/flows/standard/translations" with JSON:
      """
      {"key": "${greeting_key}", "locale": "de-DE", "value": "Hallo"}
      """
    Then the response status should be 201
    When I send a GET request to "/config/default/flows/standard/locales/de-DE/strings/greeting${unique}"
    Then the response status should be 200
    And the response field "value" should be "Hallo"
    When I send a GET request to "/config/default/flows/standard/translations/${greeting_key}"
    Then the response status should be 200
    And the response field "en-US" should be "Hello"
    And the response field "de-DE" should be "Hallo"
    When I send a DELETE request to "/config/default/flows/standard/translations/${greeting_key}"
    Then the response should be a v1.api error with status 409
