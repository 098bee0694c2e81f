import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="error-page">
      <h1>Not found</h1>
      <p>There is nothing here, or it is not yours to see.</p>
      <p>
        <Link href="/">Back to the course map</Link>
      </p>
    </div>
  );
}
