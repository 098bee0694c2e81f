'use client';
// A page that failed to render (a database outage, a bug): say so and offer a retry, never a blank page.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="error-page">
      <h1>Something went wrong</h1>
      <p>The page could not be shown just now. Your saved work is safe.</p>
      <button type="button" onClick={() => reset()}>
        Try again
      </button>
    </div>
  );
}
